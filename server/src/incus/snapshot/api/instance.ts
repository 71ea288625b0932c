// GET /1.0/instances?recursion=1&all-projects=true (`Instance`).
// `expanded_config` / `expanded_devices` stay optional here: when a hand-written file omits
// them, normalize.ts computes them from the instance's profiles, as Incus would.
import { z } from "zod";
import { configMap, devicesMap, timestamp, ZERO_TIME, nullable } from "./common";

/** Incus status codes (shared/api/status_code.go) for the statuses an instance reports. */
export const STATUS_CODES: Record<string, number> = {
  Running: 103,
  Stopped: 102,
  Frozen: 110,
  Error: 112,
  Starting: 106,
  Stopping: 107,
  Freezing: 108,
  Thawed: 109,
  Aborting: 105,
  Ready: 113,
};

export const instance = z.looseObject({
  name: z.string().min(1),
  project: z.string().default("default"),
  type: z.enum(["container", "virtual-machine"]).default("container"),
  location: z.string().default(""),
  status: z.string().default("Running"),
  status_code: z.number().int().optional(),
  /** Omitted in a hand-written file: the architecture of the member it is on. */
  architecture: z.string().optional(),
  description: z.string().default(""),
  config: nullable(configMap, {}),
  devices: nullable(devicesMap, {}),
  profiles: nullable(z.array(z.string()), ["default"], []),
  ephemeral: z.boolean().default(false),
  stateful: z.boolean().default(false),
  created_at: timestamp.default(ZERO_TIME),
  last_used_at: timestamp.default(ZERO_TIME),
  expanded_config: configMap.optional(),
  expanded_devices: devicesMap.optional(),
});

export type InstanceInput = z.infer<typeof instance>;
/** An instance after normalization: status code and expanded config are always present. */
export type Instance = InstanceInput & {
  architecture: string;
  status_code: number;
  expanded_config: Record<string, string>;
  expanded_devices: Record<string, Record<string, string>>;
};
