// GET /1.0/cluster/members?recursion=1 (`ClusterMember`) and
// GET /1.0/cluster/members/NAME/state (`ClusterMemberState`).
import { z } from "zod";
import { configMap, uint, nullable } from "./common";
import { storagePoolState } from "./storage";

export const clusterMember = z.looseObject({
  server_name: z.string().min(1),
  url: z.string().default(""),
  database: z.boolean().default(false),
  status: z.string().default("Online"),
  message: z.string().default("Fully operational"),
  architecture: z.string().default("x86_64"),
  failure_domain: z.string().default("default"),
  description: z.string().default(""),
  config: nullable(configMap, {}),
  roles: nullable(z.array(z.string()), []),
  groups: nullable(z.array(z.string()), ["default"], []),
});

export const clusterMemberSysInfo = z.looseObject({
  uptime: z.number().int().default(0),
  load_averages: nullable(z.array(z.number()), [0, 0, 0], []),
  total_ram: uint.default(0),
  free_ram: uint.default(0),
  shared_ram: uint.default(0),
  buffered_ram: uint.default(0),
  total_swap: uint.default(0),
  free_swap: uint.default(0),
  processes: uint.default(0),
});

export const clusterMemberState = z.looseObject({
  sysinfo: clusterMemberSysInfo.prefault({}),
  storage_pools: nullable(z.record(z.string(), storagePoolState), {}),
});

export type ClusterMember = z.infer<typeof clusterMember>;
export type ClusterMemberState = z.infer<typeof clusterMemberState>;
