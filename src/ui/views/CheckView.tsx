import { Typography } from '@mui/material';

/** Placeholder for checking an existing setkey.conf; the import panel replaces it. */
export default function CheckView() {
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        Check a file
      </Typography>
      <Typography>
        Coming soon: paste or pick an existing setkey.conf to have it checked line by line. Until
        then the command line does it: <code>bin/ipsec-wizard lint setkey.conf</code>.
      </Typography>
    </>
  );
}
