// GET /1.0/cluster/groups?recursion=1 (`ClusterGroup`).
import { z } from "zod";
import { configMap, nullable } from "./common";

export const clusterGroup = z.looseObject({
  name: z.string().min(1),
  description: z.string().default(""),
  config: nullable(configMap, {}),
  members: nullable(z.array(z.string()), []),
  used_by: nullable(z.array(z.string()), []),
});

export type ClusterGroup = z.infer<typeof clusterGroup>;
