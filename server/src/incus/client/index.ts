// Public surface of the Incus client: find a target, talk to it, capture a snapshot.
export { IncusClient, DEFAULT_TIMEOUT_MS, type ClientOptions, type Fetched } from "./http";
export { IncusClientError, isIncusClientError, type IncusErrorKind } from "./errors";
export { defaultSocketPath, unixTarget, remoteTarget, type ConnectionTarget } from "./target";
export { loadClientConfig, clientConfigDir, type ClientConfig, type RemoteConfig } from "./cliconfig";
export { captureSnapshot, DEFAULT_CAPTURE_CONCURRENCY, type CaptureOptions, type CaptureResult } from "./capture";
export { mapLimit } from "./limit";
