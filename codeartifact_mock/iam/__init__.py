"""The IAM policy language as the mock evaluates it, with no dependency on the rest of the mock: policy
documents (``policy``), principals (``principals``), conditions (``conditions``) and ``*``/``?`` patterns
(``wildcards``). ``access`` applies it to CodeArtifact's calls."""
