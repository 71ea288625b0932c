// The Incus API object schemas, one file per object family, re-exported for convenience.
export * from "./common";
export * from "./server";
export * from "./member";
export * from "./group";
export * from "./project";
export * from "./instance";
export * from "./storage";
export * from "./resources";
export * from "./warning";
export * from "./certificate";
