// GET /1.0/projects?recursion=1 (`Project`) and GET /1.0/profiles?recursion=1&project=P (`Profile`).
import { z } from "zod";
import { configMap, devicesMap, nullable } from "./common";

export const project = z.looseObject({
  name: z.string().min(1),
  description: z.string().default(""),
  config: nullable(configMap, {}),
  used_by: nullable(z.array(z.string()), []),
});

export const profile = z.looseObject({
  name: z.string().min(1),
  description: z.string().default(""),
  config: nullable(configMap, {}),
  devices: nullable(devicesMap, {}),
  project: z.string().optional(),
  used_by: nullable(z.array(z.string()), []),
});

export type Project = z.infer<typeof project>;
export type Profile = z.infer<typeof profile>;
