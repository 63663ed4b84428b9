from django.http import JsonResponse

from dashboard.snapshots import jobs_snapshot
from dashboard.status import read_system_status


def jobs(request):
    return JsonResponse({"jobs": jobs_snapshot()})


def system_status(request):
    return JsonResponse(read_system_status())
