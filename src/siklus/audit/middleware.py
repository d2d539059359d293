"""Keeps the current request reachable by the audit log (who, from which address, which channel)."""

from siklus.audit import log


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = log.bind_request(request)
        try:
            return self.get_response(request)
        finally:
            log.unbind_request(token)
