// GET /1.0 — `Server` with its `ServerEnvironment`. A hand-written snapshot may omit all of
// it; the defaults describe a clustered server of the newest Incus release we know.
import { z } from "zod";
import { configMap, nullable } from "./common";
import { DEFAULT_VERSION } from "../../knowledge/versions";

/** Newest Incus release this project knows (the knowledge manifest, releases.json). */
export const NEWEST_INCUS_VERSION = DEFAULT_VERSION;

export const serverStorageDriverInfo = z.looseObject({
  Name: z.string(),
  Version: z.string().default(""),
  Remote: z.boolean().default(false),
});

export const serverEnvironment = z.looseObject({
  addresses: nullable(z.array(z.string()), []),
  architectures: nullable(z.array(z.string()), ["x86_64", "i686"], []),
  certificate: z.string().default(""),
  certificate_fingerprint: z.string().default(""),
  driver: z.string().default("lxc | qemu"),
  driver_version: z.string().default(""),
  firewall: z.string().default("nftables"),
  kernel: z.string().default("Linux"),
  kernel_architecture: z.string().default("x86_64"),
  kernel_features: nullable(z.record(z.string(), z.string()), {}),
  kernel_version: z.string().default(""),
  lxc_features: nullable(z.record(z.string(), z.string()), {}),
  os_name: z.string().default(""),
  os_version: z.string().default(""),
  project: z.string().default("default"),
  server: z.string().default("incus"),
  server_clustered: z.boolean().default(true),
  server_event_mode: z.string().default("full-mesh"),
  server_name: z.string().default(""),
  server_pid: z.number().int().default(0),
  server_version: z.string().default(NEWEST_INCUS_VERSION),
  storage: z.string().default(""),
  storage_supported_drivers: nullable(z.array(serverStorageDriverInfo), []),
  storage_version: z.string().default(""),
});

export const server = z.looseObject({
  api_extensions: nullable(z.array(z.string()), []),
  api_status: z.string().default("stable"),
  api_version: z.string().default("1.0"),
  auth: z.string().default("trusted"),
  auth_methods: nullable(z.array(z.string()), ["tls"], []),
  auth_user_method: z.string().optional(),
  auth_user_name: z.string().optional(),
  config: nullable(configMap, {}),
  environment: serverEnvironment.prefault({}),
  public: z.boolean().default(false),
});

export type Server = z.infer<typeof server>;
