/** Bump when rules change what they decide: stored tools are reassessed when this differs from their record. */
export const CLASSIFIER_VERSION = '3.1.0';
