/**
 * Controls and panels a link can hide for a guided exercise (`?hide=compare,share&bs=64`), in the
 * order links write them. A hidden control keeps the value the link gives it: the teacher fixes
 * batch size 64, hides it, and the students train at 64.
 *
 * | name           | hides                                                      |
 * | -------------- | ---------------------------------------------------------- |
 * | `presets`      | the Presets panel                                          |
 * | `data`         | the dataset, the validation split and the training images |
 * | `batchnorm`    | every BatchNorm switch and position (input and layers)     |
 * | `layers`       | the layers' widths, Add and Remove (their BatchNorm stays) |
 * | `activation`   | the activation                                             |
 * | `batchsize`    | the batch size                                             |
 * | `epochs`       | the epochs                                                 |
 * | `optimizer`    | the optimizer                                              |
 * | `learningrate` | the learning rate and its slider                           |
 * | `seed`         | the random seed                                            |
 * | `backend`      | the backend choice                                         |
 * | `summary`      | the model summary table                                    |
 * | `compare`      | the Compare panel                                          |
 * | `share`        | the Share panel                                            |
 * | `runs`         | the runs list (show, rename, delete, files)                |
 * | `history`      | the per-epoch history table                                |
 */
export const HIDEABLE_CONTROLS = [
  'presets',
  'data',
  'batchnorm',
  'layers',
  'activation',
  'batchsize',
  'epochs',
  'optimizer',
  'learningrate',
  'seed',
  'backend',
  'summary',
  'compare',
  'share',
  'runs',
  'history',
] as const;

export type HideableControl = (typeof HIDEABLE_CONTROLS)[number];

export const isHideableControl = (name: string): name is HideableControl => (HIDEABLE_CONTROLS as readonly string[]).includes(name);

/** `names` without repeats, in HIDEABLE_CONTROLS order: the one spelling of a set in a link. */
export const orderedControls = (names: Iterable<HideableControl>): HideableControl[] => {
  const set = new Set(names);
  return HIDEABLE_CONTROLS.filter((c) => set.has(c));
};
