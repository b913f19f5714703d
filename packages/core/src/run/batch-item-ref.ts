/** Which batch item a run belongs to: the batch's id and the item's `custom_id`. */
export interface BatchItemRef {
  /** The batch's id (local or provider batch, as `getBatch` takes it). */
  readonly batchId: string;
  /** The item's `custom_id` in the batch input. */
  readonly customId: string;
}
