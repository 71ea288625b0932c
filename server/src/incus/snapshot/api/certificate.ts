// GET /1.0/certificates?recursion=1 (`Certificate`): the trust store. The authorization
// simulator resolves `tls:NAME` through it (fingerprint = what Incus hands a scriptlet as
// details.Username; restricted/projects = the limit Incus does NOT apply while an
// authorization scriptlet is set, seen on 6.0.4).
import { z } from "zod";

export const certificate = z.looseObject({
  name: z.string().default(""),
  type: z.string().default("client"), // client, server, metrics
  restricted: z.boolean().default(false),
  projects: z.array(z.string()).nullable().default([]),
  certificate: z.string().default(""),
  description: z.string().default(""),
  fingerprint: z.string(),
});

export type Certificate = z.infer<typeof certificate>;
