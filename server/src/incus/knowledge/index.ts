// Incus knowledge, kept as data in one place: scriptlet kinds and builtins, the API value types
// scriptlets receive, and the config key catalog — per Incus version.
//   versions.ts         which versions exist and how to map "6.0.4"/"7.1" onto them
//   api-types.ts        apiTypes(version).get("ClusterMember") -> fields in marshal order
//   scriptlets.ts       builtins(kind, version), scriptletKind(kind, version), messages
//   config-catalog.ts   catalog.lookup(entity, key, version)
//   go-format.ts        goSprintf() to render the stored Go format strings

export * from "./versions";
export * from "./type-ref";
export * from "./api-types";
export * from "./scriptlets";
export * from "./config-catalog";
export * from "./go-format";
