"""Objects for the accounts URLs the permission matrix test does not know itself."""


def objects(world) -> dict:
    # Functioneel beheer resets the worker's two-step verification (not their own).
    return {"accounts:otp-reset": world.worker}
