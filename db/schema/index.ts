export * from "./users";
export * from "./records";
export * from "./messages";
export * from "./policies";
export * from "./proposals";
export * from "./applied-changes";
export * from "./audit";
export * from "./review";
