// Icons and colours by status, shared by the node kinds: green when working, yellow when
// deliberately out of service, red when broken. ThemeColor ids are VS Code's own.
import type { NodeIcon } from "./node";

const GREEN = "testing.iconPassed";
const YELLOW = "list.warningForeground";
const RED = "list.errorForeground";
const GREY = "disabledForeground";

export function memberIcon(status: string): NodeIcon {
  switch (status) {
    case "Online":
      return { id: "server", color: GREEN };
    case "Evacuated":
    case "Evacuating":
    case "Restoring":
      return { id: "debug-pause", color: YELLOW };
    case "Blocked":
      return { id: "warning", color: YELLOW };
    default:
      return { id: "error", color: RED }; // Offline and anything unknown
  }
}

export function instanceIcon(type: string, status: string): NodeIcon {
  const id = type === "virtual-machine" ? "vm" : "package";
  switch (status) {
    case "Running":
      return { id, color: GREEN };
    case "Stopped":
      return { id, color: GREY };
    case "Frozen":
      return { id, color: YELLOW };
    case "Error":
      return { id: "error", color: RED };
    default:
      return { id, color: YELLOW };
  }
}

export function poolStateIcon(status: string): NodeIcon {
  if (status === "Created") return { id: "database", color: GREEN };
  if (status === "Pending") return { id: "clock", color: YELLOW };
  return { id: "error", color: RED }; // Unavailable, Errored
}

export function warningIcon(severity: string): NodeIcon {
  if (severity === "high") return { id: "error", color: RED };
  if (severity === "moderate") return { id: "warning", color: YELLOW };
  return { id: "info" };
}
