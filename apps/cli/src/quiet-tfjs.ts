/**
 * Turns off TensorFlow.js's console notices (e.g. the "install tfjs-node" banner the cpu backend prints
 * in Node), which would otherwise end up in the output of commands that only build or inspect models.
 */
export async function quietTfjs(): Promise<void> {
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true);
}
