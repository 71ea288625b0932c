// GET /1.0/projects?recursion=1 (`Project`) and GET /1.0/profiles?recursion=1&project=P (`Profile`).
import { z } from "zod";
import { configMap, devicesMap } from "./common";

export const project = z.looseObject({
  name: z.string().min(1),
  description: z.string().default(""),
  config: configMap.default({}),
  used_by: z.array(z.string()).default([]),
});

export const profile = z.looseObject({
  name: z.string().min(1),
  description: z.string().default(""),
  config: configMap.default({}),
  devices: devicesMap.default({}),
  project: z.string().optional(),
  used_by: z.array(z.string()).default([]),
});

export type Project = z.infer<typeof project>;
export type Profile = z.infer<typeof profile>;
