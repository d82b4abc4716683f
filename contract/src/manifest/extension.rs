//! Every key bffkit adds to OpenAPI, each written once. The runtime writes them, the
//! command line and the docs page read them.

/// On `info`: the runtime's settings (`prefix`, `envelope`, `batchPath`, `errorCodes`).
pub const INFO: &str = "x-bffkit";

/// On an operation: a built-in endpoint (manifest, docs, batch, health), left out of
/// generated clients.
pub const INTERNAL: &str = "x-bffkit-internal";

/// On an operation: why it is deprecated.
pub const DEPRECATED: &str = "x-bffkit-deprecated";

/// On an operation: the errors it declares (`[{status, code?, name?}]`).
pub const ERRORS: &str = "x-bffkit-errors";

/// On an operation: it upgrades to a WebSocket, which a fetch-based client cannot call.
pub const WEBSOCKET: &str = "x-bffkit-websocket";

/// On an operation: always sent on its own (its answer sets a cookie, which a batched
/// call cannot).
pub const UNBATCHED: &str = "x-bffkit-unbatched";

/// On a path parameter: a catch-all, whose value spans several `/`-separated segments.
pub const CATCH_ALL: &str = "x-bffkit-catch-all";

/// On a response: the folder middleware that may answer with its status
/// (`[{file, description}]`).
pub const MIDDLEWARE: &str = "x-bffkit-middleware";

/// On an operation: its rate limits (`[{name, requests, period_secs, burst, key}]`); the
/// operation lists 429.
pub const RATE_LIMIT: &str = "x-bffkit-rate-limit";

/// On a path item: the `CONNECT` operation, which OpenAPI has no key for.
pub const CONNECT: &str = "x-bffkit-connect";

/// On a schema: the success envelope `{data, msg, code}` around the value.
pub const ENVELOPE: &str = "x-bffkit-envelope";

/// On a streamed media type: the schema of each event's data (OpenAPI 3.2's `itemSchema`,
/// written as an extension in a 3.1 document).
pub const ITEM_SCHEMA: &str = "x-itemSchema";
