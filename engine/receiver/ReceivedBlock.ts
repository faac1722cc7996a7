/** Records a receiver stored, cut into one block: one partition of the batch it is allocated to. */
export interface ReceivedBlock<T> {
  /** Unique within its receiver, in the order blocks were stored. */
  id: number;
  records: T[];
  /** When the block was stored, on the context's clock: it belongs to the batch whose interval holds this. */
  storedAt: number;
  /** What a reliable receiver said about the block (ids, offsets), shown with the batch. */
  metadata?: Record<string, unknown>;
}
