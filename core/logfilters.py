"""Log filters that need nothing of Django (the logging configuration loads them before the apps).

``OneLine``: a record carrying an exception is written as one line, the exception's type and message after the
record's own, without its traceback. pyHanko logs each refused signature (an untrusted root, an expired
certificate, a later revision that adds content) as a WARNING with the validation error's whole traceback:
an expected outcome for this app (core.signing.verify turns it into a refusal with its reason, and
assessments.signing logs that in one line), not a fault to debug. config.settings sends pyHanko's loggers
through a handler with this filter.
"""

import logging


class OneLine(logging.Filter):
    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        if error is not None:
            why = " ".join(str(error).split())  # the message on one line
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {why})" if why else \
                f"{record.getMessage()} ({type(error).__name__})"
            record.args = None
            record.exc_info = record.exc_text = None
        if record.stack_info:
            record.stack_info = None
        return True
