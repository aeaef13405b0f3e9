export * from "./common";
export * from "./hackathon";
export * from "./events";
export * from "./errors";
export * from "./dashboard";
export * from "./live";
export * from "./history";
export * from "./summary";
