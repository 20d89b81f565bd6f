"""While a mock is active, a CodeArtifact client is created without resolving any credentials.

botocore resolves credentials when it *creates* a client (``Session.create_client`` calls
``get_credentials()``): the environment, the shared files, a profile's ``credential_process`` or SSO
provider, then the container endpoint (169.254.170.2) and the instance-metadata service (169.254.169.254)
over the network. aiobotocore's ``AioSession`` does the same, awaited. A mocked request is never signed
(``choose-signer`` answers ``UNSIGNED``), so none of that is needed, and none of it may run: it would reach
the network, run a program, or fetch a real machine's credentials.

So while at least one mock is active, a few ``Session`` methods are wrapped at class level:

- ``create_client`` (and ``AioSession._create_client``, the coroutine behind aiobotocore's ``create_client``)
  marks the creation of a ``codeartifact`` client in a ``ContextVar``: per thread and per asyncio task, so a
  client of another service created at the same moment elsewhere is not affected;
- ``get_credentials`` and ``get_auth_token``, inside such a creation, answer from what the session already
  holds (credentials it resolved earlier, else None) and run no provider.

Only CodeArtifact clients are concerned: this mock answers only CodeArtifact, and every other service goes on
to moto (whose ``mock_aws`` supplies its own fake keys) or wherever it would have gone, credentials included.
Nothing is cached on the session and nothing is written to ``os.environ``: once the last mock stops, the
original methods are back and sessions resolve credentials exactly as before. ``activation`` calls ``engage``
when the first mock starts and ``release`` when the last one stops, under its lock: it counts activations, so
nesting, out-of-order stops and threads need nothing more here.
"""

from __future__ import annotations

import functools
import inspect
import weakref
from contextvars import ContextVar
from typing import Any, Callable

import botocore.session

# True while this thread or task creates a CodeArtifact client under an active mock.
_creating_mocked_client: ContextVar[bool] = ContextVar("codeartifact_mock_creating_client", default=False)
_INHERITED = object()  # the class defined none of its own: release deletes the wrapper
# (class, method name) -> the method the class itself defined, and the wrapper that replaced it.
_originals: dict[tuple[type, str], Any] = {}
_wrappers: dict[tuple[type, str], Any] = {}
# Every wrapper made, by class and method, with the method it wraps: the next engage sets it again instead of
# making it anew (making them was most of what entering a mock cost).
_made: weakref.WeakKeyDictionary[type, dict[str, tuple[Any, Any]]] = weakref.WeakKeyDictionary()


def _is_codeartifact(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    return (args[0] if args else kwargs.get("service_name")) == "codeartifact"


def _wrap_create_client(original: Callable[..., Any], is_active: Callable[[], bool]) -> Callable[..., Any]:
    """Mark the creation of a CodeArtifact client while a mock is active; sync or async like ``original``."""
    if inspect.iscoroutinefunction(original):

        @functools.wraps(original)
        async def create_client_async(self: Any, *args: Any, **kwargs: Any) -> Any:
            if not (is_active() and _is_codeartifact(args, kwargs)):
                return await original(self, *args, **kwargs)
            token = _creating_mocked_client.set(True)
            try:
                return await original(self, *args, **kwargs)
            finally:
                _creating_mocked_client.reset(token)

        return create_client_async

    @functools.wraps(original)
    def create_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not (is_active() and _is_codeartifact(args, kwargs)):
            return original(self, *args, **kwargs)
        token = _creating_mocked_client.set(True)
        try:
            return original(self, *args, **kwargs)
        finally:
            _creating_mocked_client.reset(token)

    return create_client


def _held(session: Any, name: str) -> Any:
    # Credentials the session resolved before (so no provider runs); there is no cache for auth tokens.
    return getattr(session, "_credentials", None) if name == "get_credentials" else None


def _wrap_lookup(original: Callable[..., Any], name: str) -> Callable[..., Any]:
    """Answer ``name`` without any provider inside a mocked creation; sync or async like ``original``."""
    if inspect.iscoroutinefunction(original):

        @functools.wraps(original)
        async def lookup_async(self: Any, *args: Any, **kwargs: Any) -> Any:
            if _creating_mocked_client.get():
                return _held(self, name)
            return await original(self, *args, **kwargs)

        return lookup_async

    @functools.wraps(original)
    def lookup(self: Any, *args: Any, **kwargs: Any) -> Any:
        if _creating_mocked_client.get():
            return _held(self, name)
        return original(self, *args, **kwargs)

    return lookup


_METHODS = ("create_client", "_create_client", "get_credentials", "get_auth_token")


def _wrap_class(cls: type, is_active: Callable[[], bool]) -> None:
    """Wrap the methods ``cls`` itself defines (inherited ones are served by its base's wrappers); once."""
    for name in _METHODS:
        key = (cls, name)
        original = cls.__dict__.get(name)
        if key in _wrappers or not inspect.isfunction(original):
            continue
        made = _made.setdefault(cls, {})
        if name in made and made[name][0] is original:
            wrapper = made[name][1]
        else:
            if name.endswith("create_client"):
                wrapper = _wrap_create_client(original, is_active)
            else:
                wrapper = _wrap_lookup(original, name)
            made[name] = original, wrapper
        _originals[key] = original
        _wrappers[key] = wrapper
        setattr(cls, name, wrapper)


def engage(is_active: Callable[[], bool]) -> None:
    """Wrap botocore's Session and its subclasses (aiobotocore's ``AioSession``, ...).

    Those defined so far, and, through ``__init_subclass__``, any defined while a mock is active (when
    aiobotocore is first imported inside a test).
    """
    base = botocore.session.Session
    classes = [base]
    for cls in classes:  # grows as it goes: every subclass, at any depth
        classes.extend(sub for sub in cls.__subclasses__() if sub not in classes)
    for cls in classes:
        _wrap_class(cls, is_active)
    key = (base, "__init_subclass__")
    if key not in _wrappers:

        def wrap_new_subclass(cls: type, /, **kwargs: Any) -> None:
            super(base, cls).__init_subclass__(**kwargs)
            _wrap_class(cls, is_active)

        _originals[key] = base.__dict__.get("__init_subclass__", _INHERITED)
        _wrappers[key] = classmethod(wrap_new_subclass)
        base.__init_subclass__ = _wrappers[key]  # type: ignore[method-assign, assignment]


def release() -> None:
    """Put the original methods back; a wrapper something else replaced since stays where it is, inert."""
    for key, wrapper in list(_wrappers.items()):
        cls, name = key
        if cls.__dict__.get(name) is wrapper:
            if _originals[key] is _INHERITED:
                delattr(cls, name)
            else:
                setattr(cls, name, _originals[key])
        del _wrappers[key], _originals[key]
