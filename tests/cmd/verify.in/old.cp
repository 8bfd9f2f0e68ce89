heard.localhost/log
4
YKBU4LeB+RDLvkEtBc3bU8Br1qUF0yTtpFSQ/pkWxHQ=

— heard.localhost/log nQ3QP/a2fgR7bLAcn9vLICIW1csKA/WJtoZ3v+mkaTxZOefVOdEgBGAoZsmBbTODyIRPvRuU5gp6pd+6Hp3RB2b0GQU=
