/**
 * Per-epoch training record with Keras names. Index i holds epoch `epoch[i]` (1-based).
 * `val_loss`/`val_acc` are empty when the run has no validation split.
 * `lr` is the learning rate of the epoch's last batch.
 */
export interface History {
  epoch: number[];
  loss: number[];
  acc: number[];
  val_loss: number[];
  val_acc: number[];
  lr: number[];
}

/** An empty history. */
export function createHistory(): History {
  return { epoch: [], loss: [], acc: [], val_loss: [], val_acc: [], lr: [] };
}
