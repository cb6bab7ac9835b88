"""Virtual randomised trials on the one engine: the spec (``spec``), the cohort of arms
(``cohort``), running and writing a trial (``run``), per-participant analysis (``analysis``),
effect sizes and meta-analysis (``stats``), figures (``plots``) and replaying one participant
alone (``replay``)."""
