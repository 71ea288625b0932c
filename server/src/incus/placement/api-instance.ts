// An instance as the placement simulator reads it (the API's fields it uses, others kept).
// Its own module so that the instance index and the cluster both use it without importing
// each other (cluster.ts re-exports it).
export interface ApiInstance {
  name: string;
  project?: string;
  location?: string;
  type?: string;
  architecture?: string;
  status?: string;
  config?: Record<string, string>;
  devices?: Record<string, Record<string, string>>;
  profiles?: string[];
  expanded_config?: Record<string, string>;
  expanded_devices?: Record<string, Record<string, string>>;
  [field: string]: unknown;
}
