import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@mui/material';

/** Asks before a preset's example hosts replace the hosts a person typed. */
export default function KeepHostsDialog({
  presetHosts,
  onCancel,
  onChoose,
}: {
  presetHosts: string;
  onCancel: () => void;
  onChoose: (replaceHosts: boolean) => void;
}) {
  return (
    <Dialog open onClose={onCancel}>
      <DialogTitle>Keep your hosts?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          The article&rsquo;s preset comes with its own example hosts ({presetHosts}). Keep the
          hosts you typed, or replace them with the article&rsquo;s?
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onChoose(true)}>Use the article&rsquo;s hosts</Button>
        <Button variant="contained" onClick={() => onChoose(false)} autoFocus>
          Keep my hosts
        </Button>
      </DialogActions>
    </Dialog>
  );
}
