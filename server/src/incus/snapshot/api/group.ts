// GET /1.0/cluster/groups?recursion=1 (`ClusterGroup`).
import { z } from "zod";
import { configMap } from "./common";

export const clusterGroup = z.looseObject({
  name: z.string().min(1),
  description: z.string().default(""),
  config: configMap.default({}),
  members: z.array(z.string()).default([]),
  used_by: z.array(z.string()).default([]),
});

export type ClusterGroup = z.infer<typeof clusterGroup>;
