// GET /1.0 — `Server` with its `ServerEnvironment`. A hand-written snapshot may omit all of
// it; the defaults describe a clustered server of the newest Incus release we know.
import { z } from "zod";
import { configMap } from "./common";
import { DEFAULT_VERSION } from "../../knowledge/versions";

/** Newest Incus release this project knows (the knowledge manifest, releases.json). */
export const NEWEST_INCUS_VERSION = DEFAULT_VERSION;

export const serverStorageDriverInfo = z.looseObject({
  Name: z.string(),
  Version: z.string().default(""),
  Remote: z.boolean().default(false),
});

export const serverEnvironment = z.looseObject({
  addresses: z.array(z.string()).default([]),
  architectures: z.array(z.string()).default(["x86_64", "i686"]),
  certificate: z.string().default(""),
  certificate_fingerprint: z.string().default(""),
  driver: z.string().default("lxc | qemu"),
  driver_version: z.string().default(""),
  firewall: z.string().default("nftables"),
  kernel: z.string().default("Linux"),
  kernel_architecture: z.string().default("x86_64"),
  kernel_features: z.record(z.string(), z.string()).default({}),
  kernel_version: z.string().default(""),
  lxc_features: z.record(z.string(), z.string()).default({}),
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
  storage_supported_drivers: z.array(serverStorageDriverInfo).default([]),
  storage_version: z.string().default(""),
});

export const server = z.looseObject({
  api_extensions: z.array(z.string()).default([]),
  api_status: z.string().default("stable"),
  api_version: z.string().default("1.0"),
  auth: z.string().default("trusted"),
  auth_methods: z.array(z.string()).default(["tls"]),
  auth_user_method: z.string().optional(),
  auth_user_name: z.string().optional(),
  config: configMap.default({}),
  environment: serverEnvironment.prefault({}),
  public: z.boolean().default(false),
});

export type Server = z.infer<typeof server>;
