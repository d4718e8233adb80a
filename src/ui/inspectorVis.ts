/**
 * tfjs-vis for the model inspector. The inspector reaches this module only through import(), so tfjs-vis and the
 * TensorFlow.js it carries build into this chunk alone and load when the inspector opens (e2e/bundle.spec.ts).
 */
export { render } from '@tensorflow/tfjs-vis'
