import { Typography } from '@mui/material';
import { useEffect, useState } from 'react';

import { buildLink, type Link } from '../../core/model';
import { planSchema } from '../../core/plan';
import { ARTICLE_HOSTS, PRESETS } from '../../core/presets';
import { TeachingMode } from '../teaching/TeachingMode';

/** The walkthrough, told with the article's own setup (its hosts, algorithms and SPIs). */
export default function LearnView() {
  const [link, setLink] = useState<Link | undefined>();
  useEffect(() => {
    let live = true;
    void buildLink(planSchema.parse({ ...PRESETS.article, hosts: ARTICLE_HOSTS })).then((built) => {
      if (live) setLink(built);
    });
    return () => {
      live = false;
    };
  }, []);
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        Learn
      </Typography>
      <Typography sx={{ mb: 2 }}>
        The example is the 2006 article&apos;s own setup: hosts 192.168.1.100 and 192.168.2.100, AH
        with hmac-sha1 and ESP with rijndael-cbc. Select a line in the wizard&apos;s preview to have
        your own files explained.
      </Typography>
      {link ? <TeachingMode link={link} /> : <Typography>Preparing the example…</Typography>}
    </>
  );
}
