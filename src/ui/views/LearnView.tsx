import { Typography } from '@mui/material';

/** Placeholder for the teaching material; the walkthrough replaces it. */
export default function LearnView() {
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        Learn
      </Typography>
      <Typography>
        Coming soon: a walkthrough of manually keyed IPsec, what each line of the generated files
        does and how to test a link. Until then, select a line in the wizard's preview.
      </Typography>
    </>
  );
}
