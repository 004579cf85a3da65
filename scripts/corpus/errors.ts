/** The build's two kinds of error: the command was wrong (exit 2), or reading/writing failed (exit 1). */
export class UsageError extends Error {}
export class BuildIOError extends Error {}
