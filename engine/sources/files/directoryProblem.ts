import { errorMessage } from "../../errors";

/**
 * Why `directory` cannot be listed, and the fix, from the error listing it threw: the sentence a
 * user of textFileStream needs, whether it is found when the stream is defined or at a batch.
 *
 * @example directoryProblem("/data/in", enoent) // { problem: "the directory /data/in does not exist", fix: ... }
 */
export function directoryProblem(directory: string, error: unknown): { problem: string; fix: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return {
        problem: `the directory ${directory} does not exist`,
        fix: `create it (fs.mkdirSync(${JSON.stringify(directory)}, { recursive: true })) or correct the path`,
      };
    case "ENOTDIR":
      return {
        problem: `${directory} is not a directory`,
        fix: "pass the directory that the files are written into, not a file in it",
      };
    case "EACCES":
    case "EPERM":
      return {
        problem: `the directory ${directory} cannot be read (permission denied)`,
        fix: "give this process read and execute permission on it (chmod u+rx)",
      };
    default:
      return {
        problem: `the directory ${directory} cannot be listed (${errorMessage(error)})`,
        fix: "check that the path is a readable local directory",
      };
  }
}
