/**
 * The official TRIPOD+AI item skeleton (Collins et al., BMJ 2024;385:e078378, checklist version
 * 11 January 2024): 27 main items in 52 numbered sub-items, each with its section and the topic
 * heading the checklist gives it. Only numbers and headings are held here; the item texts are not
 * reproduced (the run's checklist paraphrases each one in a short topic).
 *
 * Checked item by item against copies of the published checklist table, e.g. Aperivue/medsci-skills
 * `skills/check-reporting/references/checklists/TRIPOD_AI.md` (commit 0353da9, itself verified
 * against the BMJ supplement https://www.tripod-statement.org/wp-content/uploads/2024/04/TRIPODAI-Supplement.pdf)
 * and https://skills.sh/htlin222/dotfiles/tripod-check.
 */

/** The checklist's eight sections, in order. */
export const TRIPOD_AI_SECTIONS = ['Title', 'Abstract', 'Introduction', 'Methods', 'Open science', 'Patient and public involvement', 'Results', 'Discussion'] as const;

/** One of the checklist's sections. */
export type TripodAiSection = (typeof TRIPOD_AI_SECTIONS)[number];

/** Number, section and topic heading of one official sub-item. */
export interface TripodAiItemDef {
  readonly item: string;
  readonly section: TripodAiSection;
  /** The checklist's topic heading (shared by sub-items, e.g. 12a–12g "Analytical methods"). */
  readonly heading: string;
}

const def = (section: TripodAiSection, heading: string, ...ids: string[]): TripodAiItemDef[] => ids.map((item) => ({ item, section, heading }));

/** The 52 official sub-items in checklist order. */
export const TRIPOD_AI_ITEMS: readonly TripodAiItemDef[] = [
  ...def('Title', 'Title', '1'),
  ...def('Abstract', 'Abstract', '2'),
  ...def('Introduction', 'Background', '3a', '3b', '3c'),
  ...def('Introduction', 'Objectives', '4'),
  ...def('Methods', 'Data', '5a', '5b'),
  ...def('Methods', 'Participants', '6a', '6b', '6c'),
  ...def('Methods', 'Data preparation', '7'),
  ...def('Methods', 'Outcome', '8a', '8b', '8c'),
  ...def('Methods', 'Predictors', '9a', '9b', '9c'),
  ...def('Methods', 'Sample size', '10'),
  ...def('Methods', 'Missing data', '11'),
  ...def('Methods', 'Analytical methods', '12a', '12b', '12c', '12d', '12e', '12f', '12g'),
  ...def('Methods', 'Class imbalance', '13'),
  ...def('Methods', 'Fairness', '14'),
  ...def('Methods', 'Model output', '15'),
  ...def('Methods', 'Training versus evaluation', '16'),
  ...def('Methods', 'Ethical approval', '17'),
  ...def('Open science', 'Funding', '18a'),
  ...def('Open science', 'Conflicts of interest', '18b'),
  ...def('Open science', 'Protocol', '18c'),
  ...def('Open science', 'Registration', '18d'),
  ...def('Open science', 'Data sharing', '18e'),
  ...def('Open science', 'Code sharing', '18f'),
  ...def('Patient and public involvement', 'Patient and public involvement', '19'),
  ...def('Results', 'Participants', '20a', '20b', '20c'),
  ...def('Results', 'Model development', '21'),
  ...def('Results', 'Model specification', '22'),
  ...def('Results', 'Model performance', '23a', '23b'),
  ...def('Results', 'Model updating', '24'),
  ...def('Discussion', 'Interpretation', '25'),
  ...def('Discussion', 'Limitations', '26'),
  ...def('Discussion', 'Usability of the model in the context of current care', '27a', '27b', '27c'),
];

/** The row label of an item's section: `Methods: Analytical methods`, or just `Title` where heading and section coincide. */
export function tripodAiSectionLabel(d: TripodAiItemDef): string {
  return d.heading === d.section ? d.section : `${d.section}: ${d.heading}`;
}
