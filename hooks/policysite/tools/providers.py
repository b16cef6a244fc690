"""Machine-translation providers: a small interface, deep-translator adapters, and a call guard.

deep-translator passes no timeout to ``requests`` and lets raw ``requests`` errors through, so
every call goes through ``GuardedTranslator``: a timeout (the call runs in a daemon thread that
is abandoned when it does not answer in time), retries with exponential back-off, and a minimum
interval between calls. Keys come from environment variables and are passed to deep-translator
explicitly: its own defaults read the environment once, when the module is imported.
"""

from __future__ import annotations

import importlib
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

# Errors that a retry cannot fix (bad key, unsupported language, text too long): stop at once.
PERMANENT_ERRORS = (
    "ApiKeyException",
    "AuthorizationException",
    "InvalidSourceOrTargetLanguage",
    "LanguageNotSupportedException",
    "NotValidLength",
    "NotValidPayload",
)


class Translator(Protocol):
    """Anything that turns one Chinese text into English."""

    def translate(self, text: str) -> str: ...


class ProviderError(RuntimeError):
    """A provider cannot be set up (unknown name, missing key) or refused a request for good."""


class ServiceUnreachable(ProviderError):
    """The service could not be reached at all before it ever answered (no network, a blocked
    host or port, a name that does not resolve): retrying every text would only wait."""


# Errors that mean no connection could be made at all, by class name: urllib3's (which requests
# wraps in its ConnectionError: a refused connection, a name that does not resolve, a proxy
# that refuses), requests' own, Python's. A connection reset or aborted is not among them.
UNREACHABLE_ERRORS = {"NewConnectionError", "ConnectTimeoutError", "ConnectTimeout",
                      "ProxyError", "ConnectionRefusedError", "gaierror"}  # fmt: skip


class TranslationFailed(RuntimeError):
    """A text could not be translated, even after retries."""


class TranslationTimeout(TimeoutError):
    """The provider did not answer in time."""


class ServiceSilent(TranslationFailed):
    """A call timed out when the service had not answered yet, or right after another call
    that timed out: the network (or the service) is down, and every further call would only
    wait its whole time limit."""


@dataclass(frozen=True)
class Provider:
    """A deep-translator backend and how this project uses it."""

    name: str
    label: str  # recorded as the draft's `provider`
    engine: str  # deep-translator class name
    source: str  # the backend's code for Simplified Chinese
    target: str
    limit: int  # longest text one request accepts, in characters
    keys: tuple[str, ...] = ()  # required environment variables
    options: tuple[str, ...] = ()  # optional environment variables
    signup: str = ""


PROVIDERS: dict[str, Provider] = {
    p.name: p
    for p in (
        # Baidu's limit is 6,000 bytes of UTF-8: about 2,000 Chinese characters.
        Provider("baidu", "Baidu Translate", "BaiduTranslator", "zh", "en", 1800,
                 ("BAIDU_APPID", "BAIDU_APPKEY"), signup="https://fanyi-api.baidu.com/"),
        Provider("deepl", "DeepL", "DeeplTranslator", "zh", "en", 5000, ("DEEPL_API_KEY",),
                 signup="https://www.deepl.com/pro-api"),
        Provider("google", "Google Translate", "GoogleTranslator", "zh-CN", "en", 4999),
        Provider("microsoft", "Microsoft Translator", "MicrosoftTranslator", "zh-hans", "en",
                 5000, ("MICROSOFT_API_KEY",), ("MICROSOFT_REGION",),
                 signup="https://azure.microsoft.com/products/ai-services/ai-translator"),
        Provider("mymemory", "MyMemory", "MyMemoryTranslator", "zh-CN", "en-GB", 499,
                 options=("MYMEMORY_EMAIL",)),
        Provider("libre", "LibreTranslate", "LibreTranslator", "zh", "en", 5000,
                 ("LIBRE_API_KEY",), ("LIBRE_URL",), signup="https://libretranslate.com/"),
    )
}  # fmt: skip


def engine_arguments(provider: Provider, environ: Mapping[str, str]) -> dict[str, Any]:
    """Keyword arguments for the deep-translator class, keys taken from ``environ``."""
    missing = [name for name in provider.keys if not environ.get(name)]
    if missing:
        where = f" (sign up at {provider.signup})" if provider.signup else ""
        raise ProviderError(
            f"provider '{provider.name}' needs the environment variable"
            f"{'s' if len(missing) > 1 else ''} {' and '.join(missing)}{where}"
        )
    arguments: dict[str, Any] = {"source": provider.source, "target": provider.target}
    get = environ.get
    if provider.name == "baidu":
        arguments |= {"appid": get("BAIDU_APPID"), "appkey": get("BAIDU_APPKEY")}
    elif provider.name == "deepl":
        key = get("DEEPL_API_KEY", "")
        arguments |= {"api_key": key, "use_free_api": key.endswith(":fx")}  # free keys end so
    elif provider.name == "microsoft":
        arguments |= {"api_key": get("MICROSOFT_API_KEY"), "region": get("MICROSOFT_REGION")}
    elif provider.name == "mymemory" and get("MYMEMORY_EMAIL"):
        arguments["email"] = get("MYMEMORY_EMAIL")  # raises the free daily quota
    elif provider.name == "libre":
        arguments |= {"api_key": get("LIBRE_API_KEY"), "custom_url": get("LIBRE_URL") or None}
    return arguments


class DeepTranslatorAdapter:
    """A deep-translator backend behind the Translator interface.

    The backend object is built on the first call, inside the guarded call: Microsoft's
    constructor already talks to the network.
    """

    def __init__(self, provider: Provider, environ: Mapping[str, str] | None = None) -> None:
        self.provider = provider
        self._arguments = engine_arguments(provider, os.environ if environ is None else environ)
        self._engine: Any = None

    def make_engine(self) -> Any:
        module = importlib.import_module("deep_translator")
        return getattr(module, self.provider.engine)(**self._arguments)

    def translate(self, text: str) -> str:
        if self._engine is None:
            self._engine = self.make_engine()
        result = self._engine.translate(text)
        if not isinstance(result, str) or not result.strip():
            raise TranslationFailed("the provider returned no text")
        return result


def make_translator(name: str, environ: Mapping[str, str] | None = None) -> DeepTranslatorAdapter:
    """The adapter for provider ``name``; ProviderError names what is missing."""
    provider = PROVIDERS.get(name)
    if provider is None:
        raise ProviderError(f"unknown provider '{name}' (choose one of {', '.join(PROVIDERS)})")
    return DeepTranslatorAdapter(provider, environ)


def call_with_timeout(function: Callable[[], str], timeout: float) -> str:
    """Run ``function`` in a daemon thread; give up on it after ``timeout`` seconds.

    A daemon thread, not a ThreadPoolExecutor: the executor's worker would keep a hung call
    alive and block the interpreter from exiting.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=run, name="translate-call", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise TranslationTimeout(f"no answer within {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return str(outcome["value"])


@dataclass
class CallPolicy:
    """How hard to try: timeout per call, retries with back-off, minimum interval between calls."""

    # The services answer a paragraph in 1-3 s; a blocked one (Google from mainland China) never
    # does, and the first call's time limit is what staff wait before the run stops.
    timeout: float = 10.0
    retries: int = 3  # further attempts after the first
    backoff: float = 2.0  # seconds before the first retry, doubled for each next one
    min_interval: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last_call: float | None = field(default=None, repr=False)

    def wait_turn(self) -> None:
        """Sleep so that calls start at least ``min_interval`` seconds apart."""
        now = self.clock()
        if self._last_call is not None and now - self._last_call < self.min_interval:
            self.sleep(self.min_interval - (now - self._last_call))
        self._last_call = self.clock()


class GuardedTranslator:
    """A Translator whose every call has a timeout, retries and a rate limit."""

    def __init__(self, translator: Translator, policy: CallPolicy | None = None) -> None:
        self.translator = translator
        self.policy = policy or CallPolicy()
        self.answered = False  # once the service has answered, a lost connection is retried
        self.timed_out = False  # the last call had no answer in time

    def translate(self, text: str) -> str:
        policy = self.policy
        for attempt in range(policy.retries + 1):
            policy.wait_turn()
            try:
                reply = call_with_timeout(lambda: self.translator.translate(text), policy.timeout)
                self.answered, self.timed_out = True, False
                return reply
            except TranslationTimeout as error:
                # A service that hangs once mostly hangs again: say so now, not minutes later.
                # One timeout after answers may pass (the next text is tried); one before any
                # answer, or two in a row, means nothing will answer: the run stops.
                silent = not self.answered or self.timed_out
                self.timed_out = True
                raise (ServiceSilent if silent else TranslationFailed)(
                    f"failed: {error}; not retried"
                ) from error
            except Exception as error:
                if type(error).__name__ in PERMANENT_ERRORS:
                    raise ProviderError(describe(error)) from error
                if not self.answered and never_connected(error):
                    raise ServiceUnreachable(
                        f"cannot reach the translation service ({describe(error)}); check the "
                        "network connection (or proxy), then run the command again"
                    ) from error
                if attempt == policy.retries:
                    raise TranslationFailed(
                        f"failed after {attempt + 1} attempt{'s' if attempt else ''} "
                        f"({describe(error)})"
                    ) from error
                policy.sleep(policy.backoff * 2**attempt)
        raise AssertionError("unreachable")


def never_connected(error: BaseException, depth: int = 0) -> bool:
    """Whether ``error``, or an error it wraps, says no connection could be made."""
    if {kind.__name__ for kind in type(error).__mro__} & UNREACHABLE_ERRORS:
        return True
    wrapped = [*error.args, getattr(error, "reason", None), error.__cause__, error.__context__]
    return depth < 5 and any(
        isinstance(inner, BaseException) and never_connected(inner, depth + 1) for inner in wrapped
    )


QUERY = re.compile(r"\?[^\s()\"']+")
MESSAGE_LENGTH = 160


def describe(error: BaseException) -> str:
    """``ConnectionError: ...`` in one short line, without a traceback.

    requests puts the whole URL in its messages; its query holds the text and, for some
    providers, the API key, so it is cut out.
    """
    message = QUERY.sub("?…", " ".join(str(error).split()))
    if len(message) > MESSAGE_LENGTH:
        message = message[: MESSAGE_LENGTH - 1] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__
