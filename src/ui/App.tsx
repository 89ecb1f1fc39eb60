import { Container, CssBaseline, Typography } from '@mui/material';

/** Placeholder until the wizard lands: says what the tool is and where to start. */
export function App() {
  return (
    <>
      <CssBaseline />
      <Container component="main" maxWidth="md" sx={{ py: 6 }}>
        <Typography variant="h3" component="h1" gutterBottom>
          ipsec-wizard
        </Typography>
        <Typography>
          Manually keyed IPsec between hosts: setkey.conf and ip xfrm scripts for every host. The
          wizard is being built; the command line `bin/ipsec-wizard` comes first.
        </Typography>
      </Container>
    </>
  );
}
