/**
 * Style for text that screen readers read and eyes do not see. Sizes are strings on purpose: in
 * MUI's sx a bare 1 means 100%, which made such text as wide as the page and let it overflow.
 */
export const visuallyHidden = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  margin: '-1px',
  padding: 0,
  border: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;
