"""Is the model right, and for the right reason: calibration targets (``calibration``), the cited
source experiments reproduced (``sources``) and the agreement of the two guts (``gut_agreement``)."""
