/**
 * The key of a Kafka partition in maps and messages: "topic/partition".
 * @example partitionKey("clicks", 2) // "clicks/2"
 */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}
