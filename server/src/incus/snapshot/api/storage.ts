// GET /1.0/storage-pools?recursion=1 (`StoragePool`), its member-specific form
// GET /1.0/storage-pools/NAME?target=MEMBER, and the space/inode usage (`StoragePoolState`,
// the same shape as GET /1.0/storage-pools/NAME/resources).
import { z } from "zod";
import { configMap, uint, nullable } from "./common";

export const storagePool = z.looseObject({
  name: z.string().min(1),
  driver: z.string().default("dir"),
  description: z.string().default(""),
  config: nullable(configMap, {}),
  status: z.string().default("Created"),
  locations: nullable(z.array(z.string()), []),
  used_by: nullable(z.array(z.string()), []),
});

export const storagePoolSpace = z.looseObject({
  used: uint.default(0),
  total: uint.default(0),
});

export const storagePoolInodes = z.looseObject({
  used: uint.default(0),
  total: uint.default(0),
});

export const storagePoolState = z.looseObject({
  space: storagePoolSpace.prefault({}),
  inodes: storagePoolInodes.prefault({}),
});

export type StoragePool = z.infer<typeof storagePool>;
export type StoragePoolState = z.infer<typeof storagePoolState>;
