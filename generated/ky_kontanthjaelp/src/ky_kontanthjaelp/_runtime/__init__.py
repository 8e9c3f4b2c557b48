"""Runtime shared by every contract version of a generated SDK: errors, hardened XML parsing,
lexical conversions. Version packages import it relatively; it has no public API of its own
beyond what the SDK's package re-exports.

The source lives in ky-codegen's ``generator/sdk_runtime`` and is copied unchanged into each
SDK as ``_runtime/``."""
