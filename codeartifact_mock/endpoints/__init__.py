"""The repository endpoints: what pip, twine (and later npm and mvn) talk to, beside the API.

Paths have the form AWS documents for VPC endpoints, on the server's own address::

    /<format>/d/<domain>-<owner>/<repository>/...

(``router``), and in process the AWS host names are answered through the ``responses`` library
(``in_process``). Token checks, the challenge headers, injected faults, the access policy and call recording
are shared by every format (``router``, ``auth``); each format is one module (``pypi``) that reads requests
and writes documents, and calls the backend (``backend.endpoint_backend``) and the lifecycle table
(``backend.lifecycle``) for every rule about a version's status. See ``shared/spec/endpoints.md``.
"""
