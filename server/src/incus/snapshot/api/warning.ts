// GET /1.0/warnings?recursion=1 (`Warning`).
import { z } from "zod";
import { timestamp, uint } from "./common";

export const warning = z.looseObject({
  uuid: z.string().default(""),
  type: z.string(),
  last_message: z.string().default(""),
  severity: z.string().default("low"), // low, moderate, high
  status: z.string().default("new"),
  location: z.string().default(""),
  project: z.string().default(""),
  entity_url: z.string().default(""),
  count: uint.default(1),
  first_seen_at: timestamp.default(""),
  last_seen_at: timestamp.default(""),
});

export type Warning = z.infer<typeof warning>;
