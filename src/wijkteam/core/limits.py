"""A ceiling on the size of every request body.

Django limits form fields to ``DATA_UPLOAD_MAX_MEMORY_SIZE`` but not uploaded files (they
are streamed to temporary files, even for pages that take no file, because the CSRF check
reads the form), and DRF reads a JSON body without any limit. No page or endpoint of
wijkteam accepts files, so one ceiling on the whole body, checked before anything reads
it, covers all of them: a larger request is answered 413 with a Dutch message.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body without a valid length
        if limit is not None and length > limit:
            message = _("The request is too large: at most %(size)s MB can be sent at once.") % {
                "size": round(limit / 1_048_576, 1)
            }
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
