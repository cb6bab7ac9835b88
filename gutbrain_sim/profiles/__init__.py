"""Measured microbiome profiles in: table readers (MetaPhlAn, genus tables) and the genus -> guild mapping."""
