export * from "./hackathons";
export * from "./series-points";
