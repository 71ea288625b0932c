// GET /1.0/resources?target=MEMBER (`Resources`). The parts placement scriptlets read
// (cpu, memory, gpu, storage, network, load, system) are typed; everything deeper stays
// loose and verbatim. A hand-written member may give only e.g. `cpu.total` and `memory.total`.
import { z } from "zod";
import { uint, nullable } from "./common";

const loose = z.looseObject({});

export const resourcesCPUThread = z.looseObject({
  id: z.number().int().default(0),
  numa_node: uint.default(0),
  thread: uint.default(0),
  online: z.boolean().default(true),
  isolated: z.boolean().default(false),
});

export const resourcesCPUCore = z.looseObject({
  core: uint.default(0),
  die: uint.default(0),
  frequency: uint.optional(),
  flags: z.array(z.string()).optional(),
  threads: nullable(z.array(resourcesCPUThread), []),
});

export const resourcesCPUSocket = z.looseObject({
  name: z.string().default(""),
  vendor: z.string().default(""),
  socket: uint.default(0),
  cores: nullable(z.array(resourcesCPUCore), []),
  frequency: uint.optional(),
  frequency_minimum: uint.optional(),
  frequency_turbo: uint.optional(),
});

export const resourcesCPU = z.looseObject({
  architecture: z.string().default("x86_64"),
  sockets: nullable(z.array(resourcesCPUSocket), []),
  total: uint.default(0),
});

export const resourcesMemoryNode = z.looseObject({
  numa_node: uint.default(0),
  hugepages_used: uint.default(0),
  hugepages_total: uint.default(0),
  used: uint.default(0),
  total: uint.default(0),
});

export const resourcesMemory = z.looseObject({
  nodes: z.array(resourcesMemoryNode).optional(),
  hugepages_total: uint.default(0),
  hugepages_used: uint.default(0),
  hugepages_size: uint.default(0),
  used: uint.default(0),
  total: uint.default(0),
});

export const resourcesGPUCard = z.looseObject({
  driver: z.string().optional(),
  driver_version: z.string().optional(),
  numa_node: uint.default(0),
  pci_address: z.string().optional(),
  vendor: z.string().optional(),
  vendor_id: z.string().optional(),
  product: z.string().optional(),
  product_id: z.string().optional(),
});

export const resourcesGPU = z.looseObject({
  cards: nullable(z.array(resourcesGPUCard), []),
  total: uint.default(0),
});

export const resourcesStorageDisk = z.looseObject({
  id: z.string().default(""),
  device: z.string().optional(),
  model: z.string().optional(),
  type: z.string().optional(),
  read_only: z.boolean().optional(),
  size: uint.default(0),
  removable: z.boolean().optional(),
  numa_node: uint.optional(),
  partitions: z.array(loose).optional(),
});

export const resourcesStorage = z.looseObject({
  disks: nullable(z.array(resourcesStorageDisk), []),
  total: uint.default(0),
});

export const resourcesNetwork = z.looseObject({
  cards: nullable(z.array(loose), []),
  total: uint.default(0),
});

/** `ResourcesLoad` has no JSON tags in Go, so its JSON names are the Go field names. */
export const resourcesLoad = z.looseObject({
  Average1Min: z.number().default(0),
  Average5Min: z.number().default(0),
  Average10Min: z.number().default(0),
  Processes: z.number().int().default(0),
});

export const resources = z.looseObject({
  cpu: resourcesCPU.prefault({}),
  memory: resourcesMemory.prefault({}),
  gpu: resourcesGPU.prefault({}),
  network: resourcesNetwork.prefault({}),
  storage: resourcesStorage.prefault({}),
  usb: z.looseObject({ devices: z.array(loose).default([]), total: uint.default(0) }).prefault({}),
  pci: z.looseObject({ devices: z.array(loose).default([]), total: uint.default(0) }).prefault({}),
  serial: z.looseObject({ devices: z.array(loose).default([]), total: uint.default(0) }).optional(),
  system: loose.optional(),
  load: resourcesLoad.optional(),
});

export type Resources = z.infer<typeof resources>;
