export * from "./hackathons";
export * from "./series-points";
export * from "./alerts";
