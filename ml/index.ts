// Streaming ML (issue 4). Every public export is named here.
export {};
